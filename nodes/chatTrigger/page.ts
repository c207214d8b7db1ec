/**
 * The public hosted chat page (a Chat Trigger with `public: true`, mode hostedChat, of an active workflow):
 * plain HTML with a small inline script that POSTs { action: 'sendMessage', sessionId, chatInput } as JSON to
 * the page's own URL and shows the `output` of the answer. The session id lives in the browser's
 * localStorage, so a reload continues the conversation; "New session" starts another. Every text from the
 * workflow goes through `escapeHtml` (HTML) or JSON with `<` escaped (the script's config).
 */
import { escapeHtml, plainText } from '../formTrigger/page';
import type { ChatTriggerParams } from './index';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:#f4f5f7;color:#1f2328}
main{max-width:640px;height:100vh;margin:0 auto;display:flex;flex-direction:column;background:#fff;border-left:1px solid #dfe2e6;border-right:1px solid #dfe2e6}
header{display:flex;align-items:center;gap:12px;padding:14px 18px;border-bottom:1px solid #dfe2e6}
header div{flex:1}h1{font-size:18px;margin:0}p.sub{margin:0;color:#57606a;font-size:13px}
#messages{flex:1;overflow-y:auto;padding:16px 18px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:8px 12px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}
.bot{align-self:flex-start;background:#eef0f3}.user{align-self:flex-end;background:#4f46e5;color:#fff}
.error{align-self:flex-start;background:#ffebe9;border:1px solid #ff8182;color:#82071e}
form{display:flex;gap:8px;padding:12px 18px;border-top:1px solid #dfe2e6}
input{flex:1;padding:9px 11px;border:1px solid #c9ced4;border-radius:6px;font:inherit}
button{padding:9px 16px;border:0;border-radius:6px;background:#4f46e5;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:disabled{opacity:.5}button.ghost{background:none;color:#4f46e5;padding:6px 8px;font-size:13px}
`;

/** The welcome lines shown before the first message (n8n: one message per line). */
export function welcomeLines(initialMessages: string): string[] {
  return plainText(initialMessages)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function renderChatPage(params: ChatTriggerParams, postUrl: string): string {
  const title = plainText(params.options.title) || 'Chat';
  const subtitle = plainText(params.options.subtitle);
  const placeholder = plainText(params.options.inputPlaceholder) || 'Type your question..';
  const config = JSON.stringify({ postUrl, welcome: welcomeLines(params.initialMessages) }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><main>
<header><div><h1>${escapeHtml(title)}</h1>${subtitle ? `<p class="sub">${escapeHtml(subtitle)}</p>` : ''}</div>
<button type="button" class="ghost" id="new-session" data-testid="chat-new-session">New session</button></header>
<div id="messages" data-testid="chat-messages" aria-live="polite"></div>
<form id="form"><input id="input" data-testid="chat-input" autocomplete="off" aria-label="Message" placeholder="${escapeHtml(placeholder)}">
<button id="send" data-testid="chat-send">Send</button></form>
</main>
<script>
(function () {
  var cfg = ${config};
  var key = 'weft-chat:' + cfg.postUrl;
  var list = document.getElementById('messages'), form = document.getElementById('form');
  var input = document.getElementById('input'), send = document.getElementById('send');
  function newId() { return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2); }
  var sessionId = localStorage.getItem(key) || newId();
  localStorage.setItem(key, sessionId);
  function add(kind, text) {
    var div = document.createElement('div');
    div.className = 'msg ' + kind;
    div.setAttribute('data-testid', 'chat-message');
    div.setAttribute('data-role', kind);
    div.textContent = text;
    list.appendChild(div);
    list.scrollTop = list.scrollHeight;
  }
  function start() { list.textContent = ''; cfg.welcome.forEach(function (l) { add('bot', l); }); }
  start();
  document.getElementById('new-session').addEventListener('click', function () {
    sessionId = newId(); localStorage.setItem(key, sessionId); start();
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || send.disabled) return;
    input.value = ''; add('user', text); send.disabled = true;
    fetch(cfg.postUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'sendMessage', sessionId: sessionId, chatInput: text }) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (r) { if (r.ok && typeof r.body.output === 'string') add('bot', r.body.output); else add('error', (r.body && (r.body.error || r.body.message)) || 'The chat could not answer'); })
      .catch(function () { add('error', 'The chat could not be reached'); })
      .then(function () { send.disabled = false; input.focus(); });
  });
})();
</script>
</body></html>`;
}

import { describe, expect, it } from 'vitest';
import { replyHtml, replyText } from './send-and-wait';

const links = [
  { label: 'Approve <now>', url: 'https://w.example/webhook-waiting/e?signature=s&approved=true', primary: true },
  { label: 'Decline', url: 'https://w.example/webhook-waiting/e?signature=s&approved=false', primary: false },
];

describe('send and wait email bodies', () => {
  it('an HTML message renders as written (n8n\'s emails take HTML); labels and URLs are escaped', () => {
    const html = replyHtml('<h3>Request</h3><p>Pay <b>Ann</b>?</p>', links);
    expect(html).toContain('<h3>Request</h3><p>Pay <b>Ann</b>?</p>');
    expect(html).toContain('>Approve &lt;now&gt;</a>');
    expect(html).toContain('href="https://w.example/webhook-waiting/e?signature=s&amp;approved=true"');
    expect(replyText('<h3>Request</h3><p>Pay <b>Ann</b> &amp; Bob?</p>', links)).toBe(
      'Request\nPay Ann & Bob?\n\nApprove <now>: https://w.example/webhook-waiting/e?signature=s&approved=true\nDecline: https://w.example/webhook-waiting/e?signature=s&approved=false',
    );
  });

  it('a message without tags is text: escaped, line breaks kept', () => {
    expect(replyHtml('5 > 3 & so\non', links)).toContain('<div>5 &gt; 3 &amp; so<br>on</div>');
    expect(replyText('5 > 3 & so\non', links).startsWith('5 > 3 & so\non\n\n')).toBe(true);
  });
});

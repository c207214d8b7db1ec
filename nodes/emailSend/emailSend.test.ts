/**
 * Send Email node against a real SMTP server the test starts on 127.0.0.1 (smtp-server, with AUTH): the
 * received message is parsed (mailparser) and its headers, bodies and attachments asserted; the envelope
 * (BCC included), n8n's output shape, partly and wholly rejected recipients, and errors that name the node and
 * field or credential without the password.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, makeContext, runNode } from '../../server/engine/testing/node-context';
import { freePort } from '../../server/testing';
import { testCredential } from '../../server/credentials/test-connection';
import { EMAIL_ATTRIBUTION, emailSendNode } from './index';
import { WaitSignal, type ResumeInfo } from '../../server/engine/node';

const USER = 'mailer';
const PASSWORD = 'sm7p-Pa55word!';

interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
  raw: string;
}
const received: Received[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: USER });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('nobody@')) cb(new Error('No such user here'));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          const envelopeFrom = session.envelope.mailFrom;
          received.push({ from: envelopeFrom ? envelopeFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), mail, raw: raw.toString('utf8') });
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

/** As the credential form stores it: text fields. */
const credential = () => ({ host: '127.0.0.1', port: String(port), secure: 'false', disableStartTls: 'true', user: USER, password: PASSWORD });

const run = (params: Record<string, unknown>, items: unknown[] = [{ in: 1 }], cred?: Record<string, unknown>) =>
  runNode(emailSendNode, { params, items: items as never, credentials: { smtp: cred ?? credential() }, node: { name: 'Mail' } });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}

describe('emailSend node: messages', () => {
  it('sends an HTML email as corpus workflow 0791 does and outputs what the server accepted', async () => {
    const out = await run({ fromEmail: 'YouTube <from@email.com>', toEmail: 'My Name <to@email.com>', subject: '={{ $json.channel }}', html: '=<h1>{{ $json.title }}</h1>' }, [{ channel: 'Weft TV', title: 'New video' }]);
    expect(received).toHaveLength(1);
    const { mail, from, to, raw } = received[0];
    expect(from).toBe('from@email.com');
    expect(to).toEqual(['to@email.com']);
    expect(mail.from?.value).toEqual([{ address: 'from@email.com', name: 'YouTube' }]);
    expect(mail.subject).toBe('Weft TV');
    expect(String(mail.html).trim()).toBe('<h1>New video</h1>');
    expect(raw).toMatch(/Content-Type: text\/html/i);
    expect(raw).not.toMatch(/Content-Type: text\/plain/i);
    const json = out.main[0].json as Record<string, unknown>;
    expect(json).toMatchObject({ accepted: ['to@email.com'], rejected: [], envelope: { from: 'from@email.com', to: ['to@email.com'] } });
    expect(json.messageId).toBe(mail.messageId);
    expect(String(json.response)).toMatch(/^250 /);
    expect(out.main[0].pairedItem).toEqual({ item: 0 });
  });

  it('sends text and HTML with cc, bcc, reply-to, the attribution and attachments from binary properties', async () => {
    const pdf = Buffer.from('%PDF-1.4 invoice');
    const csv = Buffer.from('a,b\n1,2\n');
    const item = {
      json: { name: 'Ann' },
      binary: {
        data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice.pdf' },
        table: { data: csv.toString('base64'), mimeType: 'text/csv', fileName: 'rows.csv' },
      },
    };
    await run({
      fromEmail: 'shop@example.com', toEmail: 'ann@example.com, bob@example.com', ccEmail: 'cc@example.com', bccEmail: 'hidden@example.com', replyTo: 'help@example.com',
      subject: '=Order for {{ $json.name }}', emailFormat: 'both', text: '=Hello {{ $json.name }}', html: '=<p>Hello {{ $json.name }}</p>', attachments: 'data, table', appendAttribution: true,
    }, [item]);
    const { mail, to, raw } = received[0];
    expect(to).toEqual(['ann@example.com', 'bob@example.com', 'cc@example.com', 'hidden@example.com']);
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(mail.cc).toMatchObject({ value: [{ address: 'cc@example.com' }] });
    expect(mail.replyTo).toMatchObject({ value: [{ address: 'help@example.com' }] });
    expect(mail.subject).toBe('Order for Ann');
    // With both bodies the attribution goes into the HTML one only, as n8n.
    expect(mail.text?.trim()).toBe('Hello Ann');
    expect(mail.html).toBe(`<p>Hello Ann</p><br><br>---<br><em>${EMAIL_ATTRIBUTION}</em>`);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.contentId, a.content.toString('utf8')])).toEqual([
      ['invoice.pdf', 'application/pdf', '<data>', pdf.toString('utf8')],
      ['rows.csv', 'text/csv', '<table>', csv.toString('utf8')],
    ]);
  });

  it('sends a text email (emailFormat text) with no HTML part, one message per item', async () => {
    const out = await run({ fromEmail: 'support@example.com', toEmail: '={{ $json.email }}', subject: 'Your task', emailFormat: 'text', text: 'We are on it.', html: '<p>not sent</p>' }, [{ email: 'a@example.com' }, { email: 'b@example.com' }]);
    expect(received.map((r) => r.to)).toEqual([['a@example.com'], ['b@example.com']]);
    expect(received[0].mail.text?.trim()).toBe('We are on it.');
    expect(received[0].mail.html).toBe(false);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('a text email gets the attribution in its text; an item without binary data is sent without attachments', async () => {
    await run({ fromEmail: 'a@example.com', toEmail: 'b@example.com', subject: 's', emailFormat: 'text', text: 'Body', attachments: 'data', appendAttribution: true }, [{ no: 'binary' }]);
    expect(received[0].mail.text?.trim()).toBe(`Body\n\n---\n${EMAIL_ATTRIBUTION}`);
    expect(received[0].mail.attachments).toEqual([]);
  });

  it('lists a rejected recipient in the output when another one is accepted', async () => {
    const out = await run({ fromEmail: 'a@example.com', toEmail: 'ok@example.com, nobody@example.com', subject: 's', emailFormat: 'text', text: 't' });
    expect(out.main[0].json).toMatchObject({ accepted: ['ok@example.com'], rejected: ['nobody@example.com'] });
    expect(received[0].to).toEqual(['ok@example.com']);
  });
});

describe('emailSend node: On Error per item', () => {
  it('error output: a rejected item goes to the error port with its input, the others are sent', async () => {
    // The engine adds the error port for onError errorOutput; runNode only knows the declared ones.
    const ctx = makeContext({
      def: emailSendNode as never, params: { fromEmail: 'a@example.com', toEmail: '={{ $json.to }}', subject: 's', emailFormat: 'text', text: 't' },
      items: [{ to: 'nobody@example.com' }, { to: 'ok@example.com' }],
      credentials: { smtp: credential() }, node: { name: 'Mail', onError: 'errorOutput' },
    });
    const out = await emailSendNode.execute(ctx as never);
    expect(out.main.map((i) => (i.json as { accepted: string[] }).accepted)).toEqual([['ok@example.com']]);
    expect(out.error.map((i) => i.json)).toEqual([{ to: 'nobody@example.com', error: expect.stringMatching(/field "toEmail" \(item 0\)/) }]);
    expect(received.map((r) => r.to)).toEqual([['ok@example.com']]);
  });
});

describe('emailSend node: errors never show the password', () => {
  it('a wrong password fails naming the credential, not the password', async () => {
    const err = await failure(run({ fromEmail: 'a@example.com', toEmail: 'b@example.com', subject: 's', text: 't', emailFormat: 'text' }, [{}], { ...credential(), password: 'wrong-Secret-42' }));
    expect(err.message).toContain('Node "Mail", credential "smtp"');
    expect(err.message).toMatch(/Invalid username or password/);
    expect(err.message).not.toContain('wrong-Secret-42');
    expect(err.message).not.toContain(Buffer.from('wrong-Secret-42').toString('base64'));
    expect(received).toEqual([]);
  });

  it('all recipients rejected fails on field toEmail', async () => {
    const err = await failure(run({ fromEmail: 'a@example.com', toEmail: 'nobody@example.com', subject: 's', emailFormat: 'text', text: 't' }));
    expect(err.message).toMatch(/Node "Mail", field "toEmail" \(item 0\)/);
    expect(err.message).not.toContain(PASSWORD);
  });

  it('an unreachable server names host and port; empty fields and a missing attachment fail before sending', async () => {
    const closed = await freePort();
    const err = await failure(run({ fromEmail: 'a@example.com', toEmail: 'b@example.com', subject: 's', emailFormat: 'text', text: 't' }, [{}], { ...credential(), port: String(closed) }));
    expect(err.message).toContain(`credential "smtp" (item 0): sending failed at SMTP server 127.0.0.1:${closed}`);
    expect(err.message).not.toContain(PASSWORD);
    expect((await failure(run({ fromEmail: 'a@example.com', toEmail: ' ', subject: 's' }))).message).toMatch(/field "toEmail" \(item 0\): is empty/);
    expect((await failure(run({ fromEmail: '', toEmail: 'b@example.com', subject: 's' }))).message).toMatch(/field "fromEmail"/);
    const other = { json: {}, binary: { data: { data: 'eA==', mimeType: 'text/plain', fileName: 'x.txt' } } };
    expect((await failure(run({ fromEmail: 'a@example.com', toEmail: 'b@example.com', subject: 's', attachments: 'report' }, [other]))).message).toMatch(/field "attachments".*no binary property "report" \(it has: data\)/);
    expect((await failure(run({ fromEmail: 'a@example.com', toEmail: 'b@example.com' }, [{}], { host: '' }))).message).toMatch(/credential "smtp": the host is empty/);
    expect(received).toEqual([]);
  });
});

describe('smtp credential Test', () => {
  it('connects and logs in; a wrong password or a closed port fails without showing the password', async () => {
    expect(await testCredential('smtp', credential())).toEqual({ ok: true, message: `The SMTP server 127.0.0.1:${port} accepted the connection and the login.` });
    const wrong = await testCredential('smtp', { ...credential(), password: 'wrong-Secret-42' });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/Invalid username or password/);
    expect(wrong.message).not.toContain('wrong-Secret-42');
    const closed = await freePort();
    const down = await testCredential('smtp', { ...credential(), port: String(closed) });
    expect(down).toMatchObject({ ok: false, message: expect.stringContaining(`The SMTP server 127.0.0.1:${closed}:`) });
    expect(received).toEqual([]);
  });
});

describe('emailSend node: send and wait (sendAndWait)', () => {
  const RESUME = 'https://weft.example/webhook-waiting/ex1?signature=abc';
  const FORM = 'https://weft.example/form-waiting/ex1?signature=abc';
  const send = (params: Record<string, unknown>, resume?: ResumeInfo, items: Record<string, unknown>[] = [{ who: 'Ann' }, { who: 'Bo' }]) =>
    runNode(emailSendNode, {
      params: { operation: 'sendAndWait', fromEmail: 'bot@weft.test', toEmail: 'boss@weft.test', ...params }, items: items as never, credentials: { smtp: credential() },
      node: { name: 'Mail' }, execution: { id: 'ex1', resumeUrl: RESUME, resumeFormUrl: FORM }, resume,
    });
  const parked = (p: Promise<unknown>) => p.then(() => { throw new Error('the node should park'); }, (e: unknown) => e as WaitSignal);

  it('emails once: HTML with approve and decline links (approved=true/false) and a text alternative, then parks', async () => {
    const signal = await parked(send({ subject: '=Leave for {{ $json.who }}', message: '=Approve leave & pay for {{ $json.who }}?\nDays: 3 > 2', approvalOptions: { values: { approvalType: 'double' } } }));
    expect(signal).toBeInstanceOf(WaitSignal);
    expect(signal.request).toMatchObject({ kind: 'webhook', config: { reply: 'approval' } });
    expect(received).toHaveLength(1);
    const { mail, to } = received[0];
    expect(to).toEqual(['boss@weft.test']);
    expect(mail.subject).toBe('Leave for Ann');
    const html = String(mail.html);
    // A message without tags is text: escaped, line breaks kept.
    expect(html).toContain('Approve leave &amp; pay for Ann?<br>Days: 3 &gt; 2');
    expect(html).toContain(`href="${RESUME.replace(/&/g, '&amp;')}&amp;approved=true"`);
    expect(html).toContain(`href="${RESUME.replace(/&/g, '&amp;')}&amp;approved=false"`);
    expect(html).toMatch(/>Approve<\/a>.*>Decline<\/a>/s);
    expect(mail.text).toContain(`Approve leave & pay for Ann?\nDays: 3 > 2\n\nApprove: ${RESUME}&approved=true\nDecline: ${RESUME}&approved=false`);
  });

  it('a free-text request links the form URL with the button label; the attribution goes in both bodies', async () => {
    const signal = await parked(send({ subject: 'Why', message: 'Tell us', responseType: 'freeText', sendAndWaitOptions: { messageButtonLabel: 'Answer', appendAttribution: true } }));
    expect(signal.request).toMatchObject({ kind: 'form', config: { reply: 'freeText' } });
    const { mail } = received[0];
    expect(String(mail.html)).toContain(`href="${FORM.replace(/&/g, '&amp;')}"`);
    expect(String(mail.html)).toContain('>Answer</a>');
    expect(String(mail.html)).toContain(EMAIL_ATTRIBUTION);
    expect(mail.text).toContain(`Answer: ${FORM}`);
    expect(mail.text).toContain(EMAIL_ATTRIBUTION);
  });

  it('resumed, outputs the answer and sends no email: approval, free text, custom form', async () => {
    const no = await send({ message: 'x' }, { kind: 'webhook', item: { json: { query: { approved: 'false' } } } });
    expect(jsonOf(no)).toEqual([{ data: { approved: false } }]);
    const text = await send({ responseType: 'freeText' }, { kind: 'form', item: { json: { Response: 'fine', submittedAt: 'x', formMode: 'production' } } });
    expect(jsonOf(text)).toEqual([{ data: { text: 'fine' } }]);
    const form = await send(
      { responseType: 'customForm', formFields: { values: [{ fieldLabel: 'Days', fieldType: 'number' }] } },
      { kind: 'form', item: { json: { Days: 3, submittedAt: 'x', formMode: 'production' } } },
    );
    expect(jsonOf(form)).toEqual([{ data: { Days: 3 } }]);
    expect(received).toEqual([]);
  });

  it('checks the recipient, the form and the resume URLs before sending', async () => {
    expect((await failure(send({ toEmail: '', message: 'x' }))).message).toContain('Node "Mail", field "toEmail" (item 0): is empty');
    expect((await failure(send({ responseType: 'customForm' }))).message).toContain('field "formFields": a custom form needs at least one field');
    const noUrls = runNode(emailSendNode, { params: { operation: 'sendAndWait', fromEmail: 'a@b.c', toEmail: 'd@e.f', message: 'x' }, items: [{}], credentials: { smtp: credential() }, node: { name: 'Mail' } });
    expect((await failure(noUrls)).message).toContain('send and wait needs resume URLs');
    expect(received).toEqual([]);
  });
});

import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAllMcpClients } from '../../server/mcp';
import { everythingStdio, startEverythingHttp, type RunningHttpServer } from '../../server/mcp/testing';
import { startFakeLlm, sumScript, type FakeLlm, type FakeScript } from '../../server/testing/fake-llm';
import { agentNode } from './index';
import { runWithServices } from './test-context';
import { createChatMemory } from '../../server/llm';
import { createTestUser, testDb } from '../../server/testing';

let mcpHttp: RunningHttpServer;
let fake: FakeLlm | undefined;

beforeAll(async () => {
  mcpHttp = await startEverythingHttp();
});
afterAll(async () => {
  await closeAllMcpClients();
  await mcpHttp?.stop();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function llm(script?: FakeScript) {
  fake = await startFakeLlm(script);
  return fake;
}

describe('agent with a real MCP tool', () => {
  it('OpenAI-compatible: calls get-sum on server-everything (stdio), answers with the real result, records tokens', async () => {
    const f = await llm(sumScript(2, 3));
    const { output, tokens } = await runWithServices(agentNode, {
      name: 'Math agent',
      params: {
        provider: 'openai',
        model: 'gpt-test',
        baseUrl: f.openAiBaseUrl,
        systemPrompt: 'Use tools for arithmetic.',
        prompt: '={{ $json.question }}',
        mcpServers: [{ ...everythingStdio(), tools: ['get-sum', 'echo'] }],
      },
      items: [{ question: 'What is 2 + 3?' }],
      credentials: { llmApi: { apiKey: 'sk-openai-test' } },
    });
    const json = output.main[0].json;
    // The final answer carries the text only the real MCP tool produces.
    expect(json.output).toBe('Tool result: The sum of 2 and 3 is 5.');
    expect(json.steps).toEqual([
      { tool: 'get-sum', source: 'mcp:get-sum', arguments: { a: 2, b: 3 }, result: 'The sum of 2 and 3 is 5.', isError: false },
    ]);
    expect(json.usage).toEqual({ promptTokens: 22, completionTokens: 14, totalTokens: 36 });
    expect(tokens).toEqual({ promptTokens: 22, completionTokens: 14 });

    expect(f.requests).toHaveLength(2);
    expect(f.requests[0].headers.authorization).toBe('Bearer sk-openai-test');
    expect(f.requests[0].toolNames.sort()).toEqual(['echo', 'get-sum']);
    expect(f.requests[0].system).toBe('Use tools for arithmetic.');
    expect(f.requests[0].lastUserText).toBe('What is 2 + 3?');
    expect(f.requests[1].toolResults).toEqual([{ text: 'The sum of 2 and 3 is 5.', isError: false }]);
  });

  it('Anthropic: same loop over the Messages API, with the MCP server over Streamable HTTP', async () => {
    const f = await llm(sumScript(40, 2));
    const { output, tokens } = await runWithServices(agentNode, {
      params: {
        provider: 'anthropic',
        model: 'claude-test',
        prompt: 'What is 40 + 2?',
        mcpServers: [{ ...mcpHttp.config, tools: ['get-sum'] }],
      },
      credentials: { llmApi: { apiKey: 'sk-ant-test', baseUrl: f.anthropicBaseUrl } },
    });
    expect(output.main[0].json.output).toBe('Tool result: The sum of 40 and 2 is 42.');
    expect(tokens).toEqual({ promptTokens: 22, completionTokens: 14 });
    expect(f.requests[0].headers['x-api-key']).toBe('sk-ant-test');
    expect(f.requests[0].toolNames).toEqual(['get-sum']);
    const second = f.requests[1].body.messages as { role: string; content: { type: string; tool_use_id?: string }[] }[];
    expect(second[1].content[0].type).toBe('tool_use');
    expect(second[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'call_0_0', content: 'The sum of 40 and 2 is 42.' });
  });

  it('returns schema errors of tool arguments to the model as tool errors', async () => {
    const f = await llm((req) =>
      req.toolResults.length ? { text: `I got: ${req.toolResults[0].text}` } : { toolCalls: [{ name: 'get-sum', arguments: { a: 'two', b: 3 } }] },
    );
    const { output } = await runWithServices(agentNode, {
      params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'add', mcpServers: [everythingStdio()] },
    });
    const json = output.main[0].json as { output: string; steps: { isError: boolean; result: string }[] };
    expect(json.steps[0].isError).toBe(true);
    expect(json.steps[0].result).toBe('Invalid arguments for MCP tool "get-sum": arguments/a must be number');
    expect(json.output).toBe('I got: Error: Invalid arguments for MCP tool "get-sum": arguments/a must be number');
  });
});

describe('structured output', () => {
  const schema = {
    type: 'object',
    properties: { sum: { type: 'number' }, explanation: { type: 'string' } },
    required: ['sum', 'explanation'],
    additionalProperties: false,
  };

  it('parses and validates the JSON answer (OpenAI json_schema), after a real tool call', async () => {
    const f = await llm((req) => {
      const last = req.toolResults.at(-1);
      if (!last) return { toolCalls: [{ name: 'get-sum', arguments: { a: 20, b: 22 } }] };
      const sum = Number(/is (-?\d+)/.exec(last.text)?.[1]);
      return { text: '```json\n' + JSON.stringify({ sum, explanation: last.text }) + '\n```' };
    });
    const { output } = await runWithServices(agentNode, {
      params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: '20+22?', outputSchema: JSON.stringify(schema), mcpServers: [everythingStdio()], includeSteps: false },
    });
    expect(output.main[0].json).toEqual({
      output: { sum: 42, explanation: 'The sum of 20 and 22 is 42.' },
      usage: { promptTokens: 22, completionTokens: 14, totalTokens: 36 },
    });
    expect(f.requests[0].body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'output', schema } });
  });

  it('derives the schema from an output example (n8n "Generate From JSON Example")', async () => {
    const f = await llm(() => ({ text: '{"company": "Acme", "founders": [{"name": "Ada"}], "employees": 12}' }));
    const { output } = await runWithServices(agentNode, {
      params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'x', outputExample: '{"company": "", "founders": [{"name": ""}], "employees": 0}' },
    });
    expect(output.main[0].json.output).toEqual({ company: 'Acme', founders: [{ name: 'Ada' }], employees: 12 });
    expect((f.requests[0].body.response_format as { json_schema: { schema: unknown } }).json_schema.schema).toEqual({
      type: 'object',
      properties: { company: { type: 'string' }, founders: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } }, employees: { type: 'number' } },
    });
  });

  it('gives the model another chance with the validation message, then fails naming the field', async () => {
    const f = await llm((req) => (req.lastUserText.startsWith('That answer cannot be used') ? { text: '{"sum": 1, "explanation": "fixed"}' } : { text: '{"sum": "one"}' }));
    const { output } = await runWithServices(agentNode, {
      params: { provider: 'anthropic', model: 'm', baseUrl: f.anthropicBaseUrl, prompt: 'x', outputSchema: schema },
    });
    expect(output.main[0].json.output).toEqual({ sum: 1, explanation: 'fixed' });
    expect(f.requests[1].lastUserText).toContain("output must have required property 'explanation'");
    expect(f.requests[0].system).toContain('It must match this JSON Schema');

    await f.close();
    const g = await llm(() => ({ text: 'not json at all' }));
    await expect(
      runWithServices(agentNode, { name: 'Extractor', params: { model: 'm', baseUrl: g.openAiBaseUrl, prompt: 'x', outputSchema: schema, maxSteps: 2 } }),
    ).rejects.toThrow(/^Node "Extractor", field "outputSchema": the model's answer does not match the output schema: the answer is not valid JSON/);
  });
});

describe('output field', () => {
  it('writes the answer under outputField (n8n Basic LLM Chain: text), one model call without tools', async () => {
    const f = await llm((req) => ({ text: `Echo: ${req.lastUserText}` }));
    const { output } = await runWithServices(agentNode, {
      params: { model: 'm', baseUrl: f.openAiBaseUrl, systemPrompt: 'Be short.', prompt: '={{ $json.q }}', maxSteps: 1, includeSteps: false, outputField: 'text' },
      items: [{ q: 'hi' }],
    });
    expect(output.main[0].json).toEqual({ text: 'Echo: hi', usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 } });
    expect(f.requests[0].toolNames).toEqual([]);
    expect(f.requests[0].system).toBe('Be short.');
  });
});

describe('list output', () => {
  it('one output item per entry of the answer (n8n Item List Output Parser), at most maxItems', async () => {
    const f = await llm(() => ({ text: 'alpha\n beta \n\ngamma\ndelta' }));
    const { output } = await runWithServices(agentNode, {
      params: { model: 'm', baseUrl: f.openAiBaseUrl, systemPrompt: 'Be short.', prompt: 'list', maxSteps: 1, outputField: 'text', listOutput: { maxItems: 3 } },
      items: [{ a: 1 }],
    });
    expect(output.main.map((i) => i.json)).toEqual([{ text: 'alpha' }, { text: 'beta' }, { text: 'gamma' }]);
    expect(output.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
    expect(f.requests[0].system).toBe('Be short.\n\nAnswer with a list of 3 entries separated by "\\n", without numbering and without any other text.');
  });
});

describe('loop limits, memory, errors', () => {
  const alwaysTools: FakeScript = (req) => ({ text: `thinking ${req.toolResults.length}`, toolCalls: [{ name: 'echo', arguments: { message: 'again' } }] });

  it('fails at maxSteps by default, or outputs the last text', async () => {
    const f = await llm(alwaysTools);
    const params = { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'loop', maxSteps: 3, mcpServers: [everythingStdio()] };
    await expect(runWithServices(agentNode, { name: 'Looper', params })).rejects.toThrow(
      'Node "Looper", field "maxSteps": the agent made 3 model calls (maxSteps) without reaching a final answer',
    );
    const { output } = await runWithServices(agentNode, { params: { ...params, onStepLimit: 'lastText' } });
    expect(output.main[0].json).toMatchObject({ output: 'thinking 2', stepLimitReached: true });
    expect((output.main[0].json.steps as unknown[]).length).toBe(3);
  });

  it('remembers previous exchanges per session within the window', async () => {
    const f = await llm((req) => ({ text: `answer to ${req.lastUserText}` }));
    const params = { model: 'm', baseUrl: f.openAiBaseUrl, prompt: '={{ $json.q }}', memory: { windowSize: 1 } };
    const first = await runWithServices(agentNode, { params, items: [{ q: 'one' }, { q: 'two' }] });
    const msgs = (i: number) => (f.requests[i].body.messages as { role: string; content: string }[]).map((m) => `${m.role}:${m.content}`);
    expect(msgs(1)).toEqual(['system:You are a helpful assistant.', 'user:one', 'assistant:answer to one', 'user:two']);
    // Next run of the node in the same execution (e.g. a loop): state carries the window (1 exchange).
    await runWithServices(agentNode, { params, items: [{ q: 'three' }], state: first.state });
    expect(msgs(2)).toEqual(['system:You are a helpful assistant.', 'user:two', 'assistant:answer to two', 'user:three']);
  });

  it('keeps memory across executions in the chat memory store (Postgres), sending the earlier exchanges', async () => {
    const { user } = await createTestUser();
    const wf = await testDb().workflow.create({ data: { name: 'chat', ownerId: user.id, graph: { nodes: [], connections: [] } } });
    const chatMemory = createChatMemory(testDb(), { workflowId: wf.id, ownerId: user.id });
    const f = await llm((req) => ({ text: `answer to ${req.lastUserText}` }));
    const params = { model: 'm', baseUrl: f.openAiBaseUrl, prompt: '={{ $json.chatInput }}', memory: { sessionKey: '={{ $json.sessionId }}', windowSize: 2 } };
    // Four executions (no state carried), two chat sessions.
    await runWithServices(agentNode, { params, items: [{ chatInput: 'hi, I am Ada', sessionId: 's1' }], services: { chatMemory } });
    await runWithServices(agentNode, { params, items: [{ chatInput: 'hi, I am Bob', sessionId: 's2' }], services: { chatMemory } });
    await runWithServices(agentNode, { params, items: [{ chatInput: 'who am I?', sessionId: 's1' }], services: { chatMemory } });
    await runWithServices(agentNode, { params, items: [{ chatInput: 'and now?', sessionId: 's1' }], services: { chatMemory } });
    const msgs = (i: number) => (f.requests[i].body.messages as { role: string; content: string }[]).map((m) => `${m.role}:${m.content}`);
    expect(msgs(1)).toEqual(['system:You are a helpful assistant.', 'user:hi, I am Bob']);
    expect(msgs(2)).toEqual(['system:You are a helpful assistant.', 'user:hi, I am Ada', 'assistant:answer to hi, I am Ada', 'user:who am I?']);
    // windowSize 2: two exchanges are sent, and the whole session is stored.
    expect(msgs(3)).toEqual([
      'system:You are a helpful assistant.',
      'user:hi, I am Ada',
      'assistant:answer to hi, I am Ada',
      'user:who am I?',
      'assistant:answer to who am I?',
      'user:and now?',
    ]);
    expect(await chatMemory.load('s1', 100)).toHaveLength(6);
  });

  it('does not remember an exchange whose model call failed', async () => {
    const { user } = await createTestUser();
    const wf = await testDb().workflow.create({ data: { name: 'chat', ownerId: user.id, graph: { nodes: [], connections: [] } } });
    const chatMemory = createChatMemory(testDb(), { workflowId: wf.id, ownerId: user.id });
    const f = await llm((req) => (req.lastUserText === 'boom' ? { status: 400, body: { error: { message: 'bad request' } } } : { text: 'ok' }));
    const params = { model: 'm', baseUrl: f.openAiBaseUrl, prompt: '={{ $json.chatInput }}', memory: { sessionKey: 's', windowSize: 5 } };
    await expect(runWithServices(agentNode, { params, items: [{ chatInput: 'boom' }], services: { chatMemory } })).rejects.toThrow();
    await runWithServices(agentNode, { params, items: [{ chatInput: 'fine' }], services: { chatMemory } });
    expect((await chatMemory.load('s', 10)).map((m) => m.content)).toEqual(['fine', 'ok']);
  });

  it('stops waiting for the model when the execution is cancelled', async () => {
    const f = await llm(() => new Promise(() => {}));
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('execution cancelled')), 200);
    const started = Date.now();
    await expect(runWithServices(agentNode, { params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'x' }, signal: ac.signal })).rejects.toThrow('execution cancelled');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports provider errors with the node name and without the key', async () => {
    const f = await llm(() => ({ status: 401, body: { error: { message: 'invalid x-api-key' } } }));
    const err = await runWithServices(agentNode, {
      name: 'Claude',
      params: { provider: 'anthropic', model: 'm', baseUrl: f.anthropicBaseUrl, prompt: 'hi' },
      credentials: { llmApi: { apiKey: 'sk-ant-SECRET' } },
    }).catch((e) => e);
    expect(err.message).toMatch(/^Node "Claude": LLM request to http:\/\/127\.0\.0\.1:\d+\/v1\/messages failed with HTTP 401: invalid x-api-key$/);
    expect(err.message).not.toContain('sk-ant-SECRET');
    expect(err.details.field).toBe('credentials.llmApi');
  });

  it('names the allow-list field when a listed tool does not exist', async () => {
    const f = await llm();
    await expect(
      runWithServices(agentNode, { name: 'A', params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'x', mcpServers: [{ ...everythingStdio(), tools: ['get-sum', 'nope'] }] } }),
    ).rejects.toThrow(/^Node "A", field "mcpServers.0.tools": the server has no tool "nope"/);
  });
});

describe('HTTP tools', () => {
  it('fills URL placeholders and query parameters from the arguments (loopback server)', async () => {
    const seen: string[] = [];
    const api = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end(JSON.stringify({ city: decodeURIComponent(req.url!.split('/')[2].split('?')[0]), tempC: 21 }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const port = (api.address() as { port: number }).port;
    try {
      const f = await llm((req) =>
        req.toolResults.length ? { text: `Weather: ${req.toolResults[0].text}` } : { toolCalls: [{ name: 'weather', arguments: { city: 'São Paulo', units: 'metric' } }] },
      );
      const { output } = await runWithServices(agentNode, {
        params: {
          model: 'm',
          baseUrl: f.openAiBaseUrl,
          prompt: 'weather?',
          tools: [
            {
              kind: 'http',
              name: 'weather',
              description: 'Current weather for a city',
              url: `http://127.0.0.1:${port}/weather/{city}`,
              parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string' } }, required: ['city'] },
            },
          ],
        },
      });
      expect(seen).toEqual(['/weather/S%C3%A3o%20Paulo?units=metric']);
      expect(output.main[0].json.output).toBe('Weather: {"city":"São Paulo","tempC":21}');
      expect(f.requests[0].toolNames).toEqual(['weather']);
    } finally {
      await new Promise((r) => api.close(r));
    }
  });
});

describe('HTTP tools with n8n fields', () => {
  it('fills placeholders in fixed query values and a JSON body template; other arguments join the body', async () => {
    const seen: { url: string; body: string; headers: http.IncomingHttpHeaders }[] = [];
    const api = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body, headers: req.headers });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const port = (api.address() as { port: number }).port;
    try {
      const f = await llm((req) => (req.toolResults.length ? { text: req.toolResults[0].text } : { toolCalls: [{ name: 'book', arguments: { name: 'Ada "L"', n: 3, note: 'x' } }] }));
      await runWithServices(agentNode, {
        params: {
          model: 'm',
          baseUrl: f.openAiBaseUrl,
          prompt: 'book',
          tools: [
            {
              kind: 'http',
              name: 'book',
              method: 'POST',
              url: `http://127.0.0.1:${port}/events`,
              headers: { 'x-key': 'k1' },
              query: { who: 'user-{name}' },
              body: '{"summary": "Meet {name}", "count": {n}}',
              parameters: { type: 'object', properties: { name: { type: 'string' }, n: { type: 'number' }, note: { type: 'string' } } },
            },
          ],
        },
      });
      expect(seen).toHaveLength(1);
      expect(new URL(seen[0].url, 'http://x').searchParams.get('who')).toBe('user-Ada "L"');
      expect(JSON.parse(seen[0].body)).toEqual({ summary: 'Meet Ada "L"', count: 3, note: 'x' });
      expect(seen[0].headers['x-key']).toBe('k1');

      const g = await llm((req) => (req.toolResults.length ? { text: req.toolResults[0].text } : { toolCalls: [{ name: 'scrape', arguments: { url: 'https://a.example' } }] }));
      await runWithServices(agentNode, {
        params: { model: 'm', baseUrl: g.openAiBaseUrl, prompt: 'scrape', tools: [{ kind: 'http', name: 'scrape', method: 'POST', url: `http://127.0.0.1:${port}/scrape`, bodyFields: { formats: ['markdown'] } }] },
      });
      expect(JSON.parse(seen[1].body)).toEqual({ formats: ['markdown'], url: 'https://a.example' });
    } finally {
      await new Promise((r) => api.close(r));
    }
  });
});

describe('code tools', () => {
  it('runs the code in the sandbox with the arguments as `query` (n8n code tool)', async () => {
    const f = await llm((req) =>
      req.toolResults.length ? { text: req.toolResults[0].text } : { toolCalls: [{ name: 'shout', arguments: { query: 'hello' } }] },
    );
    const { output } = await runWithServices(agentNode, {
      params: {
        model: 'm',
        baseUrl: f.openAiBaseUrl,
        prompt: 'shout hello',
        tools: [{ kind: 'code', name: 'shout', description: 'Upper-cases the query', code: 'return query.toUpperCase() + "!";' }],
      },
    });
    expect(output.main[0].json.output).toBe('HELLO!');
    expect(output.main[0].json.steps).toMatchObject([{ tool: 'shout', source: 'code', isError: false }]);
  });

  it('with its own parameters schema the code sees the whole arguments object as `query`', async () => {
    const f = await llm((req) => (req.toolResults.length ? { text: req.toolResults[0].text } : { toolCalls: [{ name: 'add', arguments: { a: 2, b: 40 } }] }));
    const { output } = await runWithServices(agentNode, {
      params: {
        model: 'm',
        baseUrl: f.openAiBaseUrl,
        prompt: 'add',
        tools: [{ kind: 'code', name: 'add', code: 'return query.a + query.b;', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }],
      },
    });
    expect(output.main[0].json.output).toBe('42');
  });
});


describe('calculator and Wikipedia tools', () => {
  it('the calculator evaluates what the model asks for; bad expressions go back to the model as tool errors', async () => {
    const f = await llm((req) => {
      const n = req.toolResults.length;
      if (n === 0) return { toolCalls: [{ name: 'calculator', arguments: { expression: '(17 + 3) * 2 ^ 3 / sqrt(16)' } }] };
      if (n === 1) return { toolCalls: [{ name: 'calculator', arguments: { expression: 'process.exit(1)' } }] };
      return { text: req.toolResults.map((r) => `${r.isError ? 'error' : 'ok'}: ${r.text}`).join(' | ') };
    });
    const { output } = await runWithServices(agentNode, {
      params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'compute', tools: [{ kind: 'calculator' }] },
    });
    expect(output.main[0].json.output).toBe('ok: 40 | error: Error: Cannot compute "process.exit(1)": unexpected "." at position 8');
    const offered = (f.requests[0].body.tools as { function: { name: string; parameters: { required: string[] } } }[])[0].function;
    expect(offered).toMatchObject({ name: 'calculator', parameters: { required: ['expression'] } });
    expect(output.main[0].json.steps).toMatchObject([{ source: 'calculator', isError: false }, { source: 'calculator', isError: true }]);
  });

  it('Wikipedia: searches, then returns the introductions of the matches (loopback MediaWiki API)', async () => {
    const seen: URLSearchParams[] = [];
    const wiki = http.createServer((req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      seen.push(q);
      res.setHeader('content-type', 'application/json');
      if (q.get('list') === 'search') res.end(JSON.stringify({ query: { search: [{ title: 'Ada Lovelace' }, { title: 'Analytical Engine' }] } }));
      else res.end(JSON.stringify({ query: { pages: [{ title: q.get('titles'), extract: `${q.get('titles')} intro.` }] } }));
    });
    await new Promise<void>((r) => wiki.listen(0, '127.0.0.1', r));
    const port = (wiki.address() as { port: number }).port;
    try {
      const f = await llm((req) => (req.toolResults.length ? { text: req.toolResults[0].text } : { toolCalls: [{ name: 'wikipedia', arguments: { query: 'first programmer' } }] }));
      const { output } = await runWithServices(agentNode, {
        params: { model: 'm', baseUrl: f.openAiBaseUrl, prompt: 'who?', tools: [{ kind: 'wikipedia', baseUrl: `http://127.0.0.1:${port}`, topResults: 2 }] },
      });
      expect(output.main[0].json.output).toBe('Page: Ada Lovelace\nSummary: Ada Lovelace intro.\n\nPage: Analytical Engine\nSummary: Analytical Engine intro.');
      expect(seen[0].get('srsearch')).toBe('first programmer');
      expect(seen[0].get('srlimit')).toBe('2');
      expect(seen.slice(1).map((q) => q.get('prop'))).toEqual(['extracts', 'extracts']);
    } finally {
      await new Promise((r) => wiki.close(r));
    }
  });
});

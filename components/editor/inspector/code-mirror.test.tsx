// @vitest-environment jsdom
/**
 * The CodeMirror field as a controlled React component: edits are reported, a new value from outside
 * replaces the document without being reported back, the theme follows the `dark` class on <html>,
 * and the Code node's completions are offered through the JavaScript language.
 */
import { CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { javascriptLanguage } from '@codemirror/lang-javascript';
import { EditorView } from '@codemirror/view';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CodeMirror from './code-mirror';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
const context = () => ({ nodeNames: ['Manual Trigger'], jsonKeys: ['amount'] });

function mount(value: string, onChange: (v: string) => void) {
  act(() => root.render(<CodeMirror value={value} onChange={onChange} completionContext={context} />));
  return EditorView.findFromDOM(host.querySelector('.cm-editor') as HTMLElement)!;
}

beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
  document.documentElement.classList.remove('dark');
});

describe('CodeMirror field', () => {
  it('reports edits, and takes a new value from outside without reporting it back', () => {
    const onChange = vi.fn();
    const view = mount('return 1;', onChange);
    expect(view.state.doc.toString()).toBe('return 1;');
    expect(host.querySelector('.cm-lineNumbers')).not.toBeNull();

    act(() => view.dispatch({ changes: { from: 7, to: 8, insert: '42' }, userEvent: 'input.type' }));
    expect(onChange).toHaveBeenLastCalledWith('return 42;');

    onChange.mockClear();
    mount('return $json;', onChange);
    expect(view.state.doc.toString()).toBe('return $json;');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('follows the app theme (the dark class on <html>)', async () => {
    const view = mount('', vi.fn());
    expect(view.state.facet(EditorView.darkTheme)).toBe(false);
    document.documentElement.classList.add('dark');
    await vi.waitFor(() => expect(view.state.facet(EditorView.darkTheme)).toBe(true));
    document.documentElement.classList.remove('dark');
    await vi.waitFor(() => expect(view.state.facet(EditorView.darkTheme)).toBe(false));
  });

  it('offers the Code node variables and node names through the JavaScript language', async () => {
    const view = mount("const a = $('Ma", vi.fn());
    const sources = view.state.languageDataAt<CompletionSource>('autocomplete', view.state.doc.length);
    expect(javascriptLanguage.isActiveAt(view.state, view.state.doc.length)).toBe(true);
    const results = (await Promise.all(sources.map((s) => s(new CompletionContext(view.state, view.state.doc.length, false))))).filter(
      (r): r is CompletionResult => Boolean(r),
    );
    const labels = results.flatMap((r) => r.options.map((o) => o.label));
    expect(labels).toContain('Manual Trigger');
  });
});

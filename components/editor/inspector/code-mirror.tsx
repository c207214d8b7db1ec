'use client';
/**
 * The CodeMirror 6 editor behind CodeField (code-field.tsx loads this module lazily, so the canvas's first
 * load does not carry it): JavaScript highlighting, line numbers, bracket matching and closing, undo
 * history, Tab indents, completion of the Code node's variables (code-completions.ts), light or dark with
 * the app's theme (the `dark` class on <html>). Controlled: edits call onChange; a new value from outside
 * (undo on the canvas, a paste) replaces the document.
 */
import { autocompletion, startCompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab, redo } from '@codemirror/commands';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { bracketMatching, defaultHighlightStyle, foldGutter, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Annotation, Compartment, EditorState, Transaction, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import { codeCompletions, type CodeCompletion, type CodeCompletionContext } from './code-completions';

export interface CodeMirrorProps {
  value: string;
  onChange: (value: string) => void;
  /** Read on every completion request, so node names and input fields stay current. */
  completionContext: () => CodeCompletionContext;
  placeholder?: string;
}

const darkHighlight = HighlightStyle.define([
  { tag: t.keyword, color: '#c792ea' },
  { tag: [t.name, t.deleted, t.character, t.macroName], color: '#e8eaf0' },
  { tag: [t.propertyName], color: '#82aaff' },
  { tag: [t.function(t.variableName), t.labelName], color: '#82aaff' },
  { tag: [t.color, t.constant(t.name), t.standard(t.name)], color: '#f78c6c' },
  { tag: [t.definition(t.name), t.separator], color: '#e8eaf0' },
  { tag: [t.typeName, t.className, t.number, t.changed, t.annotation, t.modifier, t.self, t.namespace], color: '#f78c6c' },
  { tag: [t.operator, t.operatorKeyword, t.url, t.escape, t.regexp, t.link, t.special(t.string)], color: '#89ddff' },
  { tag: [t.meta, t.comment], color: '#7f8799', fontStyle: 'italic' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: [t.atom, t.bool, t.special(t.variableName)], color: '#f78c6c' },
  { tag: [t.processingInstruction, t.string, t.inserted], color: '#c3e88d' },
  { tag: t.invalid, color: '#f87171' },
]);

/** Colours from the app's CSS variables; `dark` picks CodeMirror's base theme (cursor, selection) to match. */
function appearance(dark: boolean): Extension {
  return [
    EditorView.theme(
      {
        '&': { backgroundColor: 'var(--surface)', color: 'var(--fg)', fontSize: '12px', borderRadius: '6px', border: '1px solid var(--border)' },
        '&.cm-focused': { outline: '2px solid var(--ring)', outlineOffset: '-1px' },
        '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.6', minHeight: '10rem', maxHeight: '28rem' },
        '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)', borderRadius: '6px 0 0 6px' },
        '.cm-activeLine': { backgroundColor: dark ? '#ffffff08' : '#4f46e50a' },
        '.cm-activeLineGutter': { backgroundColor: dark ? '#ffffff10' : '#4f46e514', color: 'var(--fg)' },
        '.cm-cursor': { borderLeftColor: 'var(--fg)' },
        '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--border)', borderRadius: '6px' },
        '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--primary)', color: 'var(--primary-fg)' },
        '.cm-completionDetail': { color: 'var(--muted)', marginLeft: '0.75em' },
        '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit', opacity: '0.8' },
        '.cm-matchingBracket': { backgroundColor: dark ? '#6366f155' : '#4f46e526', outline: '1px solid var(--ring)' },
      },
      { dark },
    ),
    syntaxHighlighting(dark ? darkHighlight : defaultHighlightStyle, { fallback: true }),
  ];
}

/** Marks the replacement of the document by a new value from outside: it is not reported back. */
const external = Annotation.define<boolean>();

function isDark(): boolean {
  return document.documentElement.classList.contains('dark');
}

/** An option whose cursor lands inside the inserted text (and, in $(''), asks for the node names next). */
function toCompletion(option: CodeCompletion): Completion {
  const { cursor, apply, ...rest } = option;
  if (cursor === undefined || apply === undefined) return option;
  return {
    ...rest,
    apply: (view, _completion, from, to) => {
      view.dispatch({ changes: { from, to, insert: apply }, selection: { anchor: from + cursor }, userEvent: 'input.complete' });
      if (apply.startsWith('$(')) startCompletion(view);
    },
  };
}

/** A CodeMirror completion source from the pure completions. */
function weftCompletions(context: () => CodeCompletionContext) {
  return (cm: CompletionContext): CompletionResult | null => {
    const line = cm.state.doc.lineAt(cm.pos);
    const result = codeCompletions(line.text.slice(0, cm.pos - line.from), context());
    // Without a word typed, only a dot or an opened $(' asks for completions (or Ctrl+Space).
    if (!result || (result.empty && result.kind === 'global' && !cm.explicit)) return null;
    if (!result.options.length) return null;
    return { from: line.from + result.from, options: result.options.map(toCompletion), validFor: /^[\w$]*$/ };
  };
}

export default function CodeMirror({ value, onChange, completionContext, placeholder }: CodeMirrorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, completionContext });
  latest.current = { onChange, completionContext };

  useEffect(() => {
    const theme = new Compartment();
    const state = EditorState.create({
      doc: value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        // The inspector is narrow: long lines wrap rather than scroll sideways.
        EditorView.lineWrapping,
        javascript(),
        javascriptLanguage.data.of({ autocomplete: weftCompletions(() => latest.current.completionContext()) }),
        autocompletion({ activateOnTyping: true }),
        // Mod-Enter runs the workflow (the canvas's shortcut), so the editor does not also insert a line;
        // Mod-Shift-z redoes on every platform, as on the canvas (CodeMirror binds it on Linux and macOS only).
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap.filter((b) => b.key !== 'Mod-Enter'),
          ...historyKeymap,
          { key: 'Mod-Shift-z', run: redo, preventDefault: true },
          ...completionKeymap,
          indentWithTab,
        ]),
        placeholder ? placeholderExt(placeholder) : [],
        theme.of(appearance(isDark())),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !u.transactions.some((tr) => tr.annotation(external))) latest.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    const v = new EditorView({ state, parent: host.current! });
    view.current = v;
    // Follow the app theme when the toggle flips the class on <html>.
    const observer = new MutationObserver(() => v.dispatch({ effects: theme.reconfigure(appearance(isDark())) }));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => {
      observer.disconnect();
      v.destroy();
      view.current = null;
    };
    // The view is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== value) v.dispatch({ changes: { from: 0, to: current.length, insert: value }, annotations: [external.of(true), Transaction.addToHistory.of(false)] });
  }, [value]);

  return <div ref={host} data-testid="code-mirror" />;
}

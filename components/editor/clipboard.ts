/**
 * Copy and paste as workflow JSON: the system clipboard when the browser allows it (so it works between
 * tabs and with text editors), localStorage as the same-origin fallback (also between tabs).
 */
const KEY = 'weft-clipboard';

export async function writeClipboard(text: string): Promise<void> {
  try {
    localStorage.setItem(KEY, text);
  } catch {
    /* storage full or disabled: the system clipboard may still work */
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    /* permission denied: localStorage holds it */
  }
}

export async function readClipboard(): Promise<string | null> {
  try {
    const text = await navigator.clipboard.readText();
    if (text && text.trim().startsWith('{')) return text;
  } catch {
    /* permission denied: fall back */
  }
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

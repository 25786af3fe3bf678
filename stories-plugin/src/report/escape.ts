/** Escaping for text from stories (titles, reasons, agent output) placed into HTML or SVG. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The text safe as HTML/SVG element content and as a quoted attribute value. Control characters
 * other than tab and newline are dropped, because XML (inline SVG) rejects them.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

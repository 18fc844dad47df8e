/**
 * The forms of a server-rendered page as a browser would submit them with their defaults: action,
 * method and the successful controls (inputs with a name, checked boxes and radios, textareas,
 * selected options). Enough for the app's own markup; not a general HTML parser.
 */
export interface PageForm {
  action: string;
  method: string;
  fields: [string, string][];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(
    /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
  )) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

export function formsIn(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrs(m[1]);
    const action = new URL(a.action || pageUrl, `http://x${pageUrl}`).pathname;
    const fields: [string, string][] = [];
    const body = m[2];
    const controls =
      /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>|<button\b([^>]*)>/gi;
    for (const c of body.matchAll(controls)) {
      if (c[1] !== undefined) {
        const at = attrs(c[1]);
        const type = (at.type ?? 'text').toLowerCase();
        if (!at.name || 'disabled' in at) continue;
        if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
        if ((type === 'checkbox' || type === 'radio') && !('checked' in at)) continue;
        fields.push([at.name, at.value ?? (type === 'checkbox' ? 'on' : '')]);
      } else if (c[2] !== undefined) {
        const at = attrs(c[2]);
        if (at.name && !('disabled' in at)) fields.push([at.name, decodeEntities(c[3].replace(/^\n/, ''))]);
      } else if (c[4] !== undefined) {
        const at = attrs(c[4]);
        if (!at.name || 'disabled' in at) continue;
        const options = [...c[5].matchAll(/<option\b([^>]*)>([^<]*)/gi)];
        const chosen = options.find((o) => 'selected' in attrs(o[1])) ?? options[0];
        if (chosen) fields.push([at.name, attrs(chosen[1]).value ?? decodeEntities(chosen[2]).trim()]);
      } else {
        // A named submit button: the first one is what pressing Enter sends.
        const at = attrs(c[6]);
        if (at.name && at.value !== undefined && !fields.some(([n]) => n === at.name))
          fields.push([at.name, at.value]);
      }
    }
    forms.push({ action, method: (a.method ?? 'get').toLowerCase(), fields });
  }
  return forms;
}

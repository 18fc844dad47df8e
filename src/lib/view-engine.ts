/**
 * The EJS view engine, with every include resolved once per template rather than on every render.
 *
 * ejs.renderFile, Express's default for .ejs, resolves an include each time it runs: a path.resolve,
 * a file-existence check on disk (fs.existsSync) and two copies of all the page's locals, per
 * include. A page that includes the CSRF partial once per table row pays that for every row. Here
 * each template is compiled by EJS itself (same syntax, same escaping: ejs.escapeXML, same error
 * messages with the template's line), and its includes are looked up once and kept beside it.
 *
 * Caching follows Express's `view cache` setting (on in production, see createApp): with it on,
 * templates and their includes' paths are kept for the life of the process; with it off, every
 * render reads and compiles the files again, so edited templates show at once in development.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

type Locals = Record<string, unknown>;
type Include = (name: string, data?: Locals) => string;
type Escape = (text: unknown) => string;
type TemplateFunction = (locals: Locals, escape: Escape, include: Include) => string;
type Callback = (err: Error | null, html?: string) => void;

interface Template {
  run: TemplateFunction;
  dir: string;
  /** Include name as written in the template -> the file it names. */
  includes: Map<string, string>;
}

const escape = ejs.escapeXML as Escape;

/** What ejs does with a relative include: next to the including file, `.ejs` unless named. */
function includePath(dir: string, name: string): string {
  const file = path.resolve(dir, name);
  return path.extname(name) ? file : `${file}.ejs`;
}

/**
 * The locals an include sees: the including template's, with the include's own data on top, as
 * ejs gives them. The includer's locals are the prototype rather than copied key by key; keys that
 * would reach the prototype itself are skipped, as ejs skips them.
 */
function includeLocals(parent: Locals, data: Locals | undefined): Locals {
  const locals = Object.create(parent) as Locals;
  if (data) for (const key of Object.keys(data)) if (key !== '__proto__') locals[key] = data[key];
  return locals;
}

/** An Express view engine (`app.engine('ejs', createViewEngine())`). */
export function createViewEngine(): (file: string, options: object, callback: Callback) => void {
  const templates = new Map<string, Template>();

  function load(file: string, keep: boolean): Template {
    const kept = keep ? templates.get(file) : undefined;
    if (kept) return kept;
    const source = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const template: Template = {
      // client: EJS hands back the bare function, which takes the include function from us.
      run: ejs.compile(source, { client: true, filename: file }) as unknown as TemplateFunction,
      dir: path.dirname(file),
      includes: new Map(),
    };
    if (keep) templates.set(file, template);
    return template;
  }

  function render(file: string, locals: Locals, keep: boolean): string {
    const template = load(file, keep);
    const include: Include = (name, data) => {
      let target = template.includes.get(name);
      if (!target) {
        target = includePath(template.dir, name);
        if (keep) template.includes.set(name, target);
      }
      return render(target, includeLocals(locals, data), keep);
    };
    return template.run(locals, escape, include);
  }

  return (file, options, callback) => {
    let html: string;
    try {
      // Express sets `cache` from its `view cache` setting.
      html = render(file, options as Locals, (options as { cache?: unknown }).cache === true);
    } catch (err) {
      return callback(err as Error);
    }
    callback(null, html);
  };
}

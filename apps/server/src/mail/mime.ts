/** Just enough MIME to read back what nodemailer sends: headers, multipart, base64, quoted-printable, encoded words. */
export interface ParsedMail {
  subject: string;
  from: string;
  text: string;
  html: string;
}

interface Entity {
  headers: Map<string, string>;
  body: string;
}

// Raw mail is handled as a latin1 string (one char per byte) until a part is decoded with its charset.
function splitEntity(raw: string): Entity {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header);
  return m?.[1];
}

function decodeQp(s: string): Buffer {
  const bytes: number[] = [];
  const text = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

function charsetDecode(bytes: Buffer, charset: string | undefined): string {
  const cs = (charset ?? 'utf-8').toLowerCase();
  return cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' ? bytes.toString('latin1') : bytes.toString('utf8');
}

function decodeBody(e: Entity): string {
  const encoding = (e.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(e.body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQp(e.body)
        : Buffer.from(e.body, 'latin1');
  return charsetDecode(bytes, param(e.headers.get('content-type') ?? '', 'charset')).replace(/\r\n/g, '\n');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=); the space between two of them is not text. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQp(data.replace(/_/g, ' '));
      return charsetDecode(bytes, charset);
    });
}

function walk(e: Entity, out: { text: string; html: string }): void {
  const type = (e.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(e.headers.get('content-type')!, 'boundary');
    if (!boundary) return;
    const parts = e.body.split(`--${boundary}`).slice(1);
    for (const p of parts) {
      if (p.startsWith('--')) break;
      walk(splitEntity(p.replace(/^\r?\n/, '')), out);
    }
    return;
  }
  if (type.startsWith('text/html') && !out.html) out.html = decodeBody(e).trim();
  else if (type.startsWith('text/plain') && !out.text) out.text = decodeBody(e).trim();
}

export function parseMail(raw: Buffer): ParsedMail {
  const e = splitEntity(raw.toString('latin1'));
  const out = { text: '', html: '' };
  walk(e, out);
  const header = (name: string) => decodeWords(charsetDecode(Buffer.from(e.headers.get(name) ?? '', 'latin1'), 'utf-8'));
  return { subject: header('subject'), from: header('from'), ...out };
}

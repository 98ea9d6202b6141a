/** Fields never written to a log, wherever they appear: request and response headers, bodies, errors, users. */
const SECRET_FIELDS = ['authorization', 'cookie', 'set-cookie', 'password', 'newPassword', 'currentPassword', 'passwordHash', 'token'];

/** How deep below a log line's top level a secret is still found (err.config.headers.authorization is 3). */
const DEPTH = 4;

function path(depth: number, field: string): string {
  const anyKeys = Array(depth).fill('*').join('.');
  if (!/^\w+$/.test(field)) return `${anyKeys}["${field}"]`;
  return anyKeys ? `${anyKeys}.${field}` : field;
}

/** pino `redact` paths: each field at the top level and under up to DEPTH levels of any keys. */
export const REDACTED_PATHS: string[] = Array.from({ length: DEPTH + 1 }, (_, depth) => SECRET_FIELDS.map((field) => path(depth, field))).flat();

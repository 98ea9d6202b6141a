/** Fields never written to a log, wherever they appear: request and response headers, bodies, errors, users. */
const SECRET_FIELDS = ['authorization', 'cookie', 'set-cookie', 'password', 'newPassword', 'currentPassword', 'passwordHash', 'token'];

function path(prefix: string[], field: string): string {
  const parent = prefix.join('.');
  if (!/^\w+$/.test(field)) return `${parent}["${field}"]`;
  return parent ? `${parent}.${field}` : field;
}

/**
 * pino `redact` paths: each field at the top level and up to two levels below
 * any keys (req.headers.authorization, err.body.password, user.token), and a
 * level deeper inside errors, which carry what their request held
 * (err.config.headers.authorization). Every wildcard level costs time on every
 * line, so the depth stays where secrets are actually found.
 */
export const REDACTED_PATHS: string[] = [[], ['*'], ['*', '*'], ['err', '*', '*']].flatMap((prefix) => SECRET_FIELDS.map((field) => path(prefix, field)));

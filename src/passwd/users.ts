// uid → user name from passwd(5). With --root the captured tree's etc/passwd is used when present.
import { readTextOrNull } from '../procfs/read.js';

export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    const uid = Number(fields[2]);
    if (fields.length >= 3 && fields[0] && Number.isInteger(uid) && !users.has(uid)) users.set(uid, fields[0]);
  }
  return users;
}

export function readPasswd(path: string): Map<number, string> {
  const text = readTextOrNull(path);
  return text === null ? new Map() : parsePasswd(text);
}

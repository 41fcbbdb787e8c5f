// Stage (p): one thread reads the file in one reused buffer, finds each line and JSON.parses it — the cost no
// screening of JSON rows can avoid. Returns the number of rows.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export function readAndParse(file, limit = Infinity) {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  let buffer = Buffer.allocUnsafe(4 << 20);
  let kept = 0; // bytes of a line begun in the previous read, at the buffer's start
  let rows = 0;
  let members = 0; // read from every parsed row, so that parsing cannot be skipped
  for (let position = 0; position < size && rows < limit; ) {
    if (kept === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]); // a line longer than the buffer
    const got = readSync(fd, buffer, kept, buffer.length - kept, position);
    if (got === 0) break;
    position += got;
    const end = kept + got;
    let from = 0;
    for (let newline = buffer.indexOf(10, from); newline >= 0 && newline < end && rows < limit; newline = buffer.indexOf(10, from)) {
      if (newline > from) {
        members += JSON.parse(buffer.toString('utf8', from, newline)).members.length;
        rows++;
      }
      from = newline + 1;
    }
    buffer.copy(buffer, 0, from, end);
    kept = end - from;
  }
  if (kept > 0 && rows < limit) {
    members += JSON.parse(buffer.toString('utf8', 0, kept)).members.length; // the last line, without a newline
    rows++;
  }
  closeSync(fd);
  if (members === 0 && rows > 0) throw new Error('no members read');
  return rows;
}

/**
 * Overview: reads a password from an interactive prompt (hidden, asked twice) or from stdin.
 * Architecture: CLI delivery adapter.
 * Dependencies: node:readline.
 * Concepts: a password never comes from argv (it would show in `ps` and shell history); piped
 *   input is read whole and loses one trailing newline.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export class PasswordInputError extends Error {}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function askHidden(input: Readable, output: Writable, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, output, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    output.write(question);
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = write;
      output.write('\n');
      rl.close();
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new PasswordInputError('cancelled'));
    });
  });
}

export async function readPassword(
  input: Readable & { isTTY?: boolean },
  output: Writable,
  label = 'Password',
): Promise<string> {
  if (!input.isTTY) return readAll(input);
  const first = await askHidden(input, output, `${label}: `);
  const second = await askHidden(input, output, `Repeat ${label.toLowerCase()}: `);
  if (first !== second) throw new PasswordInputError('the two passwords do not match');
  return first;
}

/**
 * Reads one uploaded file from a multipart/form-data request (busboy), as text or bytes with the
 * form's text fields; a missing file, a second file or one over `maxBytes` is a clear error naming the field.
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { PayloadTooLargeError, ValidationError } from '../../core/errors.js';

export async function readMultipartFile(req: Request, field: string, maxBytes: number): Promise<string> {
  return (await readMultipart(req, field, maxBytes)).file.toString('utf8');
}

/** The file's bytes and the form's text fields (an image upload's conversation id, its caption). */
export function readMultipart(
  req: Request,
  field: string,
  maxBytes: number,
): Promise<{ file: Buffer; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 20 } });
    } catch {
      reject(new ValidationError(`${field}: the multipart body has no boundary`, field));
      return;
    }
    const chunks: Buffer[] = [];
    const fields: Record<string, string> = {};
    let found = false;
    let failure: Error | null = null;
    parser.on('file', (name, stream) => {
      if (name !== field || found) {
        stream.resume();
        return;
      }
      found = true;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure ??= new PayloadTooLargeError(`${field}: the file is larger than ${maxBytes} bytes`, field);
      });
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('filesLimit', () => {
      failure ??= new ValidationError(`${field}: send one file only`, field);
    });
    parser.on('error', () => reject(new ValidationError(`${field}: the multipart body is malformed`, field)));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!found) reject(new ValidationError(`${field}: no file in the form field "${field}"`, field));
      else resolve({ file: Buffer.concat(chunks), fields });
    });
    req.pipe(parser);
  });
}

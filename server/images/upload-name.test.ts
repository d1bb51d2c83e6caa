import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_NAME_LENGTH, uploadName } from './upload-name.ts';

describe('uploadName', () => {
  it('keeps an ordinary name as it is, spaces and non-Latin letters included', () => {
    expect(uploadName('bottle.png')).toBe('bottle.png');
    expect(uploadName('Flasche grün 2.JPG')).toBe('Flasche grün 2.JPG');
  });

  it('keeps only the last path segment, with either slash', () => {
    expect(uploadName('../../etc/passwd.png')).toBe('passwd.png');
    expect(uploadName('C:\\Users\\me\\shoe.webp')).toBe('shoe.webp');
  });

  it('removes control and direction-changing characters', () => {
    expect(uploadName('bad\u0000\u001b[31m\u007fname\u0085.png')).toBe('bad[31mname.png');
    expect(uploadName('photo\u202egnp.exe')).toBe('photognp.exe');
  });

  it('cuts a long name, keeping its extension', () => {
    const name = uploadName(`${'a'.repeat(300)}.jpeg`)!;
    expect([...name]).toHaveLength(MAX_UPLOAD_NAME_LENGTH);
    expect(name.endsWith('a….jpeg')).toBe(true);
  });

  it('gives null when nothing showable is left', () => {
    for (const raw of [undefined, '', '   ', 'dir/', '..', '\u0001\u0002']) expect(uploadName(raw)).toBeNull();
  });
});

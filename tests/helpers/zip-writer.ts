// Little-endian bytes for hand-made zip records (local headers, Zip64 extras, data
// descriptors): the zip reader's tests build the exact records they need byte by byte.
/** Little-endian byte writer for hand-made zips. */
export class Writer {
  private bytes: number[] = [];
  get length(): number {
    return this.bytes.length;
  }
  u16(v: number): this {
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000) & 0xffff);
  }
  u64(v: number): this {
    return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32));
  }
  raw(b: Uint8Array): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  done(): Uint8Array {
    return new Uint8Array(this.bytes);
  }
}

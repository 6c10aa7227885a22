import { PNG } from "pngjs";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngFacts {
  /** From the IHDR chunk, read directly from the bytes. */
  width: number;
  height: number;
  /** The decoded top-left pixel as #rrggbb: the picture's background. */
  corner: string;
  /** Share of pixels that differ from the corner colour: how much is drawn. */
  inked: number;
}

/** Checks the PNG signature and the IHDR chunk by hand, then decodes the pixels with pngjs. */
export function pngFacts(bytes: Buffer): PngFacts {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG: wrong signature");
  if (bytes.subarray(12, 16).toString("latin1") !== "IHDR") throw new Error("not a PNG: no IHDR first");
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const image = PNG.sync.read(bytes);
  if (image.width !== width || image.height !== height) throw new Error("IHDR disagrees with the pixels");
  const hex = (i: number) => [0, 1, 2].map((c) => (image.data[i + c] ?? 0).toString(16).padStart(2, "0")).join("");
  const corner = `#${hex(0)}`;
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) if (`#${hex(i)}` !== corner) inked++;
  return { width, height, corner, inked: inked / (width * height) };
}

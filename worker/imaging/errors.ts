// Typed failures of the imaging core. The codes are stable: callers map them to problem+json
// responses and the mobile apps to messages, so a code, once shipped, never changes meaning.
export type ImagingErrorCode =
  /** Not JPEG, PNG or WebP (HEIC, AVIF, GIF, SVG, text, animated WebP, ...). */
  | "unsupported_type"
  /** More bytes than the caller allows (checked before anything is parsed). */
  | "image_too_large"
  /** Header or data is damaged or truncated; the decoder could not produce the image. */
  | "corrupt_image"
  /** Zero bytes. */
  | "empty_file"
  /** The header declares more pixels than we may decode in a 128 MB isolate (bomb guard). */
  | "dimensions_too_large";

export class ImagingError extends Error {
  override readonly name = "ImagingError";
  constructor(
    readonly code: ImagingErrorCode,
    message: string,
    /** The sniffed type, when known: lets callers say "HEIC is not supported" precisely. */
    readonly detectedType?: string,
  ) {
    super(message);
  }
}

// The local composer as a bio writer: always available, never pretends to be a model.
import { composeLocalBios } from "../../domain/bio-composer";
import type { BioWriter, BioWriteRequest, WrittenBio } from "./index";

export class LocalBioWriter implements BioWriter {
  readonly name = "local-template";

  async write(req: BioWriteRequest): Promise<WrittenBio[]> {
    return composeLocalBios(req.facts, req.style, req.platform, req.variants).map((b) => ({ ...b, adjustments: [] }));
  }
}

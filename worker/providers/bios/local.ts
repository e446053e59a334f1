// The local composer as a bio writer: always available, never pretends to be a model.
import { composeLocalBios } from "../../domain/bio-composer";
import type { BioWriter, BioWriteRequest, WrittenBio } from "./types";

export class LocalBioWriter implements BioWriter {
  readonly name = "local-template";

  async write(req: BioWriteRequest): Promise<WrittenBio[]> {
    const r = req.replacing;
    const options = r ? { seed: r.seed, others: r.others, previous: [r.previous] } : {};
    let bios = composeLocalBios(req.facts, req.style, req.platform, req.variants, options);
    // Facts too few for a bio unlike all the others: then one unlike the bio it replaces.
    if (r && bios.length < req.variants) bios = composeLocalBios(req.facts, req.style, req.platform, req.variants, { seed: r.seed, previous: [r.previous] });
    return bios.map((b) => ({ ...b, adjustments: [] }));
  }
}

// The selfie being prepared, shared by the capture and style screens: the local copy (shown
// under the framing guide) and, once uploaded, the stored photo with its usability checks.
import type { Photo } from "../../api/types";
import type { PickedPhoto } from "../photos";

export interface SelfieDraft {
  local: PickedPhoto;
  uploaded: Photo | null;
}

let draft: SelfieDraft | null = null;

export const selfieDraft = {
  get: () => draft,
  set: (next: SelfieDraft | null) => {
    draft = next;
  },
};

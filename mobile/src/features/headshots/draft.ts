// The selfie being prepared, shared by the capture and style screens. In memory only: a selfie
// is biometric data and never touches disk here beyond the picker's own cache.
import type { PickedPhoto } from "../photos";

let selfie: PickedPhoto | null = null;

export const selfieDraft = {
  get: () => selfie,
  set: (photo: PickedPhoto | null) => {
    selfie = photo;
  },
};

// Picking photos on the device: camera or library, then resized here to at most 2048 px on the
// long side (the server's limit for analysis; it also makes uploads several times smaller).
import { ImageManipulator, SaveFormat } from "expo-image-manipulator";
import * as ImagePicker from "expo-image-picker";

export const MAX_EDGE = 2048;

export interface PickedPhoto {
  uri: string;
  width: number;
  height: number;
  source: "camera" | "library";
  /** The file's name, when the picker gives one (the web does). */
  name?: string;
  /** This device could not decode it: the original file is kept, and the API says what it is. */
  unreadable?: true;
}

export class PermissionDenied extends Error {}

/** The API's words for a file that is not a photo (worker/routes/photos.ts, 415). */
export const NOT_A_PHOTO = "That file isn't a photo we can read: upload a JPEG, PNG or WebP.";

export async function pickPhotos(source: "camera" | "library", options: { multiple?: boolean; selfie?: boolean } = {}): Promise<PickedPhoto[]> {
  const common: ImagePicker.ImagePickerOptions = { mediaTypes: ["images"], quality: 1, exif: false };
  let result: ImagePicker.ImagePickerResult;
  if (source === "camera") {
    const permission = await ImagePicker.requestCameraPermissionsAsync();
    if (!permission.granted) throw new PermissionDenied("Camera access is off. Turn it on in Settings, or choose a photo from your library.");
    result = await ImagePicker.launchCameraAsync({ ...common, cameraType: options.selfie ? ImagePicker.CameraType.front : ImagePicker.CameraType.back });
  } else {
    result = await ImagePicker.launchImageLibraryAsync({ ...common, allowsMultipleSelection: !!options.multiple, selectionLimit: options.multiple ? 9 : 1 }).catch(
      (err: unknown) => {
        // The web picker refuses a file whose type is not an image ("Unsupported file type: text/plain.
        // Only images and videos are supported."): say it as the API does for a file it cannot read.
        if (err instanceof Error && /^Unsupported file type/.test(err.message)) throw new Error(NOT_A_PHOTO);
        throw err;
      },
    );
  }
  if (result.canceled) return [];
  return Promise.all(
    result.assets.map((a) => {
      const original: PickedPhoto = { uri: a.uri, width: a.width, height: a.height, source, ...(a.fileName ? { name: a.fileName } : {}) };
      // Not a photo this device can read (a document, HEIC on the web): the API names the problem.
      return downscale(original).then(
        (resized) => ({ ...resized, ...(original.name ? { name: original.name } : {}) }),
        () => ({ ...original, unreadable: true as const }),
      );
    }),
  );
}

/** Resizes to fit MAX_EDGE (never upscales) and re-encodes as JPEG, which also drops EXIF/GPS. */
export async function downscale(photo: PickedPhoto): Promise<PickedPhoto> {
  const longEdge = Math.max(photo.width, photo.height);
  const context = ImageManipulator.manipulate(photo.uri);
  if (longEdge > MAX_EDGE) context.resize(photo.width >= photo.height ? { width: MAX_EDGE } : { height: MAX_EDGE });
  const image = await context.renderAsync();
  const saved = await image.saveAsync({ format: SaveFormat.JPEG, compress: 0.85 });
  return { uri: saved.uri, width: saved.width, height: saved.height, source: photo.source };
}

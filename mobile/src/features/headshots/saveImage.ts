// Keeping a headshot: the photo library on a phone (expo-media-library), a download on the web;
// sharing through the system share sheet (or the Web Share API, or the clipboard).
import * as Clipboard from "expo-clipboard";
import { File, Paths } from "expo-file-system";
import * as MediaLibrary from "expo-media-library/legacy";
import * as Sharing from "expo-sharing";
import { Platform } from "react-native";

export class SaveRefused extends Error {}

async function downloadToCache(url: string, name: string): Promise<string> {
  const target = new File(Paths.cache, name);
  if (target.exists) target.delete();
  return (await File.downloadFileAsync(url, target)).uri;
}

async function downloadInBrowser(url: string, name: string) {
  // Signed links are on the API's origin, where `download` is ignored: go through a blob.
  const blob = await (await fetch(url)).blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export async function saveHeadshot(url: string, name: string): Promise<string> {
  if (Platform.OS === "web") {
    await downloadInBrowser(url, name);
    return "Downloaded.";
  }
  const permission = await MediaLibrary.requestPermissionsAsync(true);
  if (!permission.granted) throw new SaveRefused("Photo library access is off. Turn it on in Settings to save headshots.");
  await MediaLibrary.saveToLibraryAsync(await downloadToCache(url, name));
  return "Saved to your photos.";
}

export async function shareHeadshot(url: string, name: string): Promise<string> {
  if (Platform.OS === "web") {
    const nav = globalThis.navigator as Navigator | undefined;
    if (nav?.share) {
      await nav.share({ title: "My headshot", url });
      return "Shared.";
    }
    await Clipboard.setStringAsync(url);
    return "Link copied. It works for 15 minutes.";
  }
  await Sharing.shareAsync(await downloadToCache(url, name), { mimeType: "image/jpeg" });
  return "Shared.";
}

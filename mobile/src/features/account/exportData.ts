// "Download my data": the JSON from GET /v1/me/export, saved as a file the user can keep.
import { File, Paths } from "expo-file-system";
import * as Sharing from "expo-sharing";
import { Platform } from "react-native";
import { api, unwrap } from "../../api/client";

export async function exportMyData(): Promise<"downloaded" | "shared"> {
  const data = await unwrap(api.GET("/v1/me/export"));
  const json = JSON.stringify(data, null, 2);
  const name = `firstlook-export-${new Date().toISOString().slice(0, 10)}.json`;
  if (Platform.OS === "web") {
    const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return "downloaded";
  }
  const file = new File(Paths.cache, name);
  if (file.exists) file.delete();
  file.create();
  file.write(json);
  await Sharing.shareAsync(file.uri, { mimeType: "application/json", dialogTitle: "Save your Firstlook data" });
  return "shared";
}

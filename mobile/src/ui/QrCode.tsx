// A QR code drawn with plain Views (no SVG or canvas dependency): qrcode-generator computes the
// modules, and each row is drawn as runs of dark and light cells.
import qrcode from "qrcode-generator";
import { useMemo } from "react";
import { View } from "react-native";

export function QrCode({ value, size = 200, label }: { value: string; size?: number; label: string }) {
  const rows = useMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(value, "Byte");
    qr.make();
    const count = qr.getModuleCount();
    const out: { dark: boolean; length: number }[][] = [];
    for (let r = 0; r < count; r++) {
      const runs: { dark: boolean; length: number }[] = [];
      for (let c = 0; c < count; c++) {
        const dark = qr.isDark(r, c);
        const last = runs[runs.length - 1];
        if (last && last.dark === dark) last.length++;
        else runs.push({ dark, length: 1 });
      }
      out.push(runs);
    }
    return out;
  }, [value]);
  const quiet = 4; // the white border scanners need, in modules
  const cell = Math.max(2, Math.floor(size / (rows.length + quiet * 2)));
  return (
    <View accessible accessibilityRole="image" accessibilityLabel={label} style={{ alignSelf: "center", backgroundColor: "#FFFFFF", padding: cell * quiet }}>
      {rows.map((runs, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed picture: rows and runs never move, their position is their identity
        <View key={r} style={{ flexDirection: "row", height: cell }}>
          {runs.map((run, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <View key={i} style={{ width: run.length * cell, height: cell, backgroundColor: run.dark ? "#000000" : "#FFFFFF" }} />
          ))}
        </View>
      ))}
    </View>
  );
}

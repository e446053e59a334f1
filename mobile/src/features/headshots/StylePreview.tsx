// A style's preview image. The API gives `previewUrl` as a URL (a path is resolved against the API),
// and when there is no image (or it fails to load) a lettered tile stands in.
import { useState } from "react";
import { Image, StyleSheet, View } from "react-native";
import type { HeadshotStyle } from "../../api/types";
import { apiBaseUrl } from "../../config";
import { Text, colors, radius, spacing } from "../../ui";

const resolve = (url: string) => (/^https?:\/\//.test(url) ? url : `${apiBaseUrl}${url.startsWith("/") ? "" : "/"}${url}`);

export function StylePreview({ style }: { style: HeadshotStyle }) {
  const [failed, setFailed] = useState(false);
  if (style.previewUrl && !failed) {
    return (
      <Image
        source={{ uri: resolve(style.previewUrl) }}
        onError={() => setFailed(true)}
        style={styles.box}
        accessibilityLabel={`Example of the ${style.name} style`}
        accessibilityIgnoresInvertColors
      />
    );
  }
  return (
    <View style={[styles.box, styles.placeholder]}>
      <Text variant="title" color={colors.accent}>
        {style.name.slice(0, 1)}
      </Text>
      {style.background ? (
        <Text variant="caption" muted style={styles.center} numberOfLines={2}>
          {style.background}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { width: "100%", aspectRatio: 1, borderRadius: radius.md, marginBottom: spacing.sm },
  placeholder: { backgroundColor: colors.accentSoft, alignItems: "center", justifyContent: "center", padding: spacing.sm },
  center: { textAlign: "center" },
});

import { Text as RNText, type TextProps } from "react-native";
import { colors, type as typeScale, type TextVariant } from "./theme";

export interface AppTextProps extends TextProps {
  variant?: TextVariant;
  muted?: boolean;
  color?: string;
}

/** Text that follows the system font size (capped at 2x so layouts stay usable). */
export function Text({ variant = "body", muted, color, style, ...rest }: AppTextProps) {
  const role = variant === "title" || variant === "heading" ? "header" : undefined;
  return (
    <RNText
      allowFontScaling
      maxFontSizeMultiplier={2}
      accessibilityRole={role}
      style={[typeScale[variant], { color: color ?? (muted ? colors.textMuted : colors.text) }, style]}
      {...rest}
    />
  );
}

import { Redirect } from "expo-router";
import { variant } from "../config";

/** Each product opens on its first tab. */
export default function Home() {
  return <Redirect href={variant === "dating" ? "/photos" : "/create"} />;
}

export { GenerationScreen as default } from "../../../features/headshots/GenerationScreen";

export { SelfieScreen as default } from "../../features/headshots/SelfieScreen";

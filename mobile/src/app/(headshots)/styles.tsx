export { StylesScreen as default } from "../../features/headshots/StylesScreen";

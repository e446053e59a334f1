export { GalleryScreen as default } from "../../features/headshots/GalleryScreen";

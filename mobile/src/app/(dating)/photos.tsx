export { PhotosScreen as default } from "../../features/dating/PhotosScreen";

export { BiosScreen as default } from "../../features/dating/BiosScreen";

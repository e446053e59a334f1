export { DemoScreen as default } from "../features/demo/DemoScreen";

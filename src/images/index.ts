export { DEFAULT_IMAGE_MAX_BYTES, type ImagePolicy, imagePolicy } from "./policy.ts";
export {
  checkImage,
  fetchImage,
  type ImageBytes,
  type ImageLocation,
  ImageRefused,
  loadImage,
  locateImage,
  readLocalImage,
} from "./resolve.ts";

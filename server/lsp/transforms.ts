/**
 * The transform catalogue as the language server's own features read it (signature help, quick
 * fixes): one import site, so moving the catalogue is a one-line change here.
 */
export { catalogueEntry, indexOfName, TRANSFORMS, type ArgSpec, type TransformSpec } from '../mlpipe/language/transforms.js';

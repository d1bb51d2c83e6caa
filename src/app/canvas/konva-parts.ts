/**
 * The parts of Konva the editor draws with. react-konva's default entry registers every shape and filter
 * (~20 KB gzip the editor never uses); the core entry plus these imports registers only what is needed.
 */
import Konva from 'konva/lib/Core';
import 'konva/lib/shapes/Image';
import 'konva/lib/shapes/Line';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Transformer';

export { Group, Image, Layer, Line, Rect, Stage, Transformer } from 'react-konva/lib/ReactKonvaCore';
export { Konva };

/** Samples along the first axis; everything after it is flattened (C order). */
export interface SampleData {
  data: ArrayLike<number>;
  shape: readonly number[];
}

// Public exports of datasets/. Other areas import only this file.
export {};

// Public exports of gsnn/. Other areas import only this file.
export {};

// The object detector's vocabulary (imaging/objects.ts): COCO 2017's 80 classes in the model's
// output order, and what each class we report means on a dating profile. Its own module so the
// features schema and the detector share one list without importing each other.

/** COCO 2017's 80 classes in the model's output order. */
// biome-ignore format: ten classes a row keeps the indices readable
export const COCO_LABELS = [
  "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
  "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
  "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
  "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
  "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
  "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed",
  "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven",
  "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
] as const;
export type CocoLabel = (typeof COCO_LABELS)[number];

export const objectCategories = ["pet", "animal", "activity", "drink", "travel", "person"] as const;
export type ObjectCategory = (typeof objectCategories)[number];

/**
 * What a class means on a dating profile. Only these are reported: a fork or a toilet says
 * nothing about the person, and a weak "toilet" on a plain wall is a false alarm worth hiding.
 */
export const OBJECT_CATEGORIES = {
  pet: ["cat", "dog"],
  animal: ["bird", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"],
  activity: ["bicycle", "motorcycle", "boat", "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket"],
  drink: ["wine glass", "cup", "bottle"],
  travel: ["airplane", "train", "suitcase"],
  person: ["person"],
} as const satisfies Record<ObjectCategory, readonly CocoLabel[]>;
export const reportedLabels = Object.values(OBJECT_CATEGORIES).flat() as CocoLabel[];

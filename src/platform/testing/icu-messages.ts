import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';

/**
 * The names a parsed ICU message's arguments and tags use, however deep: a message's translation
 * must use the same, or it would drop or invent a value. Shared by the checks of the services'
 * problem catalogues and of the terminals' catalogues.
 */
export function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    into.add(element.value);
    if (element.type === TYPE.tag) argumentsOf(element.children, into);
    if (element.type === TYPE.plural || element.type === TYPE.select)
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
  }
  return into;
}

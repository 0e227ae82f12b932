/** Background service worker: the only writer of the library. */
import browser from 'webextension-polyfill';
import { handleMessage } from './router';

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => handleMessage(message, sender));

// The content script connects a port only to learn when the extension goes away (reload/update).
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== 'zo-lifetime') port.disconnect();
});

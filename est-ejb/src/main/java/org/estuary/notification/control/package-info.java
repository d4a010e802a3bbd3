/** Which threshold a certificate is due for, and the signed webhook post. */
package org.estuary.notification.control;

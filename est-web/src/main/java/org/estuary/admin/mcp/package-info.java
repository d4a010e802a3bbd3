/**
 * The MCP server at {@code /mcp} (Model Context Protocol, Streamable HTTP, JSON-RPC 2.0): the six EST
 * tools of the reference guide for AI-driven workflows, authenticated with the admin API's bearer
 * keys. Every tool calls a boundary the admin API or a device also calls.
 */
package org.estuary.admin.mcp;

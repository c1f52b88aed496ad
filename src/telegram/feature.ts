/**
 * What a feature of the bot is: the commands it answers (with their menu entry and whether the
 * coordinators' group may use them), the buttons it handles (their data declared with
 * `defineCallback` next to the feature) and the rest of its updates on a telegraf Composer.
 * `composeFeatures` puts a list of them together once at start: the composers in order, one
 * router for every button, the group's commands and the command menus — and refuses a command
 * or a button prefix that two features claim.
 */
import { Composer } from "telegraf";
import type { BotCommand } from "telegraf/types";
import type { PersonRole } from "../domain/person.js";
import type { CallbackKind } from "./callback-data.js";
import type { BotContext } from "./context.js";
import type { WiredDeps } from "./deps.js";
import { commandDescriptions, commandHelp, texts } from "./texts.js";

/** Whose command menu shows a command: focal officers' (everyone's), coordinators' (and admins'), admins'. */
export type Audience = "everyone" | "coordinators" | "admins";

export interface CommandSpec {
  /** in the chat's command menu of this audience; its description is `commandDescriptions[name]` in texts.ts */
  readonly menu?: Audience;
  /** who /help tells of it, when more people may use it than its menu shows it to; default `menu` */
  readonly help?: Audience;
  /** the coordinators' group may use it too (read-only commands) */
  readonly inGroup?: boolean;
}

/** The commands of a feature by name as typed (lower case, without the slash). */
export type CommandSpecs = Readonly<Record<string, CommandSpec>>;

/** A button press handler, for data already decoded by its kind. */
export interface ButtonRoute {
  kind: CallbackKind<unknown>;
  /** the coordinators' group may press it too */
  inGroup: boolean;
  handle(ctx: BotContext, value: unknown): Promise<void>;
}

type CommandHandlers = Parameters<Composer<BotContext>["help"]>;

/** What a feature's `create` registers its handlers on; `C`: the commands it declares. */
export class FeatureBuilder<C extends CommandSpecs = CommandSpecs> {
  /** commands (through `command`) and other updates (messages, documents, edits) */
  readonly composer = new Composer<BotContext>();
  readonly routes: ButtonRoute[] = [];
  readonly registered = new Set<string>();

  constructor(readonly feature: string) {}

  /** Handles a command the feature declares. */
  command(name: Extract<keyof C, string>, ...handlers: CommandHandlers): this {
    this.registered.add(name);
    this.composer.command(name, ...handlers);
    return this;
  }

  /** Handles presses of a kind of button; the kind's data is decoded before `handle` sees it. */
  button<T>(kind: CallbackKind<T>, handle: (ctx: BotContext, value: T) => Promise<void>, options: { inGroup?: boolean } = {}): this {
    this.routes.push({ kind: kind as CallbackKind<unknown>, inGroup: options.inGroup ?? false, handle: handle as ButtonRoute["handle"] });
    return this;
  }
}

/** What the features get besides the bot's dependencies. */
export interface FeatureKit {
  /** the command menu of a chat, by the role of the person in it */
  menuFor(role: PersonRole): BotCommand[];
  /** /help for a person of this role: the lines of the commands in their menu (in the coordinators' group: of those usable there) */
  helpFor(role: PersonRole, inGroup?: boolean): string;
}

export interface Feature<C extends CommandSpecs = CommandSpecs> {
  name: string;
  commands: C;
  /** registers the handlers of the commands in `commands`, of its buttons and of its other updates */
  create(feature: FeatureBuilder<C>, deps: WiredDeps, kit: FeatureKit): void;
}

/** A feature, typed so that `create` can only register the commands it declares. */
export function defineFeature<const C extends CommandSpecs>(feature: Feature<C>): Feature<C> {
  return feature;
}

const audiences: Record<PersonRole, ReadonlySet<Audience>> = {
  focal: new Set(["everyone"]),
  coordinator: new Set(["everyone", "coordinators"]),
  admin: new Set(["everyone", "coordinators", "admins"]),
};

/** Every command of the features by name; throws when two features declare one command. */
function commandsOf(features: readonly Feature[]): Map<string, CommandSpec & { feature: string }> {
  const commands = new Map<string, CommandSpec & { feature: string }>();
  for (const feature of features) {
    for (const [name, spec] of Object.entries(feature.commands)) {
      const taken = commands.get(name);
      if (taken) throw new Error(`command /${name} is declared by both ${taken.feature} and ${feature.name}`);
      commands.set(name, { ...spec, feature: feature.name });
    }
  }
  return commands;
}

/**
 * The command menu of a role: the commands its audiences see, in the order of
 * `commandDescriptions` (texts.ts). Throws when a menu command has no description or a
 * description no command.
 */
export function commandMenuFor(features: readonly Feature[], role: PersonRole): BotCommand[] {
  const commands = commandsOf(features);
  for (const [name, spec] of commands) {
    if (spec.menu && !Object.hasOwn(commandDescriptions, name)) throw new Error(`command /${name} of ${spec.feature} is in the menu but has no description in commandDescriptions`);
  }
  const menu: BotCommand[] = [];
  for (const [command, description] of Object.entries(commandDescriptions)) {
    const menuOf = commands.get(command)?.menu;
    if (!menuOf) throw new Error(`commandDescriptions has /${command}, which no feature puts in the menu`);
    if (audiences[role].has(menuOf)) menu.push({ command, description });
  }
  return menu;
}

/**
 * /help for a role: the `commandHelp` lines (texts.ts) of the commands its menu has, the
 * administrators' under a heading of their own. In the coordinators' group, only the lines of
 * the commands usable there (`inGroup`), and a word that the others are for a private chat.
 * Throws when a line names no menu command or a menu command other than /help has no line.
 */
export function commandHelpFor(features: readonly Feature[], role: PersonRole, inGroup = false): string {
  const commands = commandsOf(features);
  for (const [name, spec] of commands) {
    if (spec.menu && name !== "help" && !Object.hasOwn(commandHelp, name)) throw new Error(`command /${name} of ${spec.feature} is in the menu but has no line in commandHelp`);
  }
  const common: string[] = [];
  const admin: string[] = [];
  for (const [command, line] of Object.entries(commandHelp)) {
    const spec = commands.get(command);
    if (!spec?.menu) throw new Error(`commandHelp has /${command}, which no feature puts in the menu`);
    const audience = spec.help ?? spec.menu;
    if (audiences[role].has(audience) && (spec.inGroup || !inGroup)) (audience === "admins" ? admin : common).push(line);
  }
  if (inGroup) return [texts.helpTitle(), ...common, texts.helpInGroup()].join("\n");
  const parts = [texts.helpTitle(), ...common, texts.helpReplies()];
  if (admin.length > 0) parts.push("", texts.helpAdminTitle(), ...admin);
  return parts.join("\n");
}

export interface ComposedFeatures {
  /** each feature's composer, in the order of the list */
  composers: Composer<BotContext>[];
  /** the handler of a kind of button, by its prefix */
  routes: ReadonlyMap<string, ButtonRoute>;
  /** the commands the coordinators' group may use */
  groupCommands: ReadonlySet<string>;
}

/**
 * Creates the features in order. Throws — at start — when two features declare one command or
 * handle one kind of button, when a feature declares a command it does not handle, or when the
 * menu and its descriptions disagree.
 */
export function composeFeatures(features: readonly Feature[], deps: WiredDeps): ComposedFeatures {
  const commands = commandsOf(features);
  commandMenuFor(features, "admin");
  commandHelpFor(features, "admin");
  const kit: FeatureKit = { menuFor: (role) => commandMenuFor(features, role), helpFor: (role, inGroup) => commandHelpFor(features, role, inGroup) };
  const composers: Composer<BotContext>[] = [];
  const routes = new Map<string, ButtonRoute & { feature: string }>();
  for (const feature of features) {
    const builder = new FeatureBuilder(feature.name);
    feature.create(builder, deps, kit);
    for (const name of Object.keys(feature.commands)) {
      if (!builder.registered.has(name)) throw new Error(`${feature.name} declares /${name} but does not handle it`);
    }
    for (const route of builder.routes) {
      const taken = routes.get(route.kind.prefix);
      if (taken) throw new Error(`buttons "${route.kind.prefix}:" are handled by both ${taken.feature} and ${feature.name}`);
      routes.set(route.kind.prefix, { ...route, feature: feature.name });
    }
    composers.push(builder.composer);
  }
  const groupCommands = new Set([...commands].filter(([, spec]) => spec.inGroup).map(([name]) => name));
  return { composers, routes, groupCommands };
}

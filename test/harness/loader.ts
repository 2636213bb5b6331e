import './environment';

import path from 'node:path';
import type { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, ICredentialTypes, IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import { n8nCore, n8nWorkflow } from './n8n';

import { HarnessNoOp, HarnessStart } from './harness-nodes';

/** The repository root: package.json's `n8n` section points into its dist/. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Node types by their full name (`<package>.<node>`), as n8n registers community nodes. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	add(name: string, type: INodeType | IVersionedNodeType): void {
		this.types.set(name, type);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new n8nWorkflow.UnexpectedError(`Unknown node type "${nodeType}" (known: ${[...this.types.keys()].join(', ')})`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return n8nWorkflow.NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, {}]));
	}

	names(): string[] {
		return [...this.types.keys()];
	}
}

/** Credential types of the package, with n8n's `extends` resolution for parent types. */
export class HarnessCredentialTypes implements ICredentialTypes {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly supportedNodes: Record<string, string[]>,
	) {}

	recognizes(credentialType: string): boolean {
		return credentialType in this.types;
	}

	getByName(credentialType: string): ICredentialType {
		const type = this.types[credentialType];
		if (!type) throw new n8nWorkflow.UnexpectedError(`Unknown credential type "${credentialType}"`);
		return type;
	}

	getSupportedNodes(type: string): string[] {
		return this.supportedNodes[type] ?? [];
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.types[typeName]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}

export interface LoadedPackage {
	packageName: string;
	/** Full node type name of each node in the package, keyed by its short name (`sarvCrm`). */
	nodeTypeNames: Record<string, string>;
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	loader: PackageDirectoryLoader;
}

/**
 * Loads the built package exactly as n8n loads an installed community package:
 * PackageDirectoryLoader reads package.json's `n8n` section and instantiates the
 * classes in dist/ (so a test fails if package.json points at a wrong file, or a
 * class name does not match its file name). Then adds the harness-only nodes.
 */
export async function loadPackage(root: string = PACKAGE_ROOT): Promise<LoadedPackage> {
	const loader = new n8nCore.PackageDirectoryLoader(root);
	await loader.loadAll();
	const { packageName } = loader;

	const nodeTypes = new HarnessNodeTypes();
	const nodeTypeNames: Record<string, string> = {};
	for (const [shortName, { type }] of Object.entries(loader.nodeTypes)) {
		const fullName = `${packageName}.${shortName}`;
		nodeTypeNames[shortName] = fullName;
		nodeTypes.add(fullName, type);
	}
	for (const harnessNode of [new HarnessStart(), new HarnessNoOp()]) {
		nodeTypes.add(harnessNode.description.name, harnessNode);
	}

	const credentialTypes: Record<string, ICredentialType> = {};
	const supportedNodes: Record<string, string[]> = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes[name] = type;
		supportedNodes[name] = (loader.known.credentials[name]?.supportedNodes ?? []).map((shortName) => `${packageName}.${shortName}`);
	}

	return {
		packageName,
		nodeTypeNames,
		nodeTypes,
		credentialTypes: new HarnessCredentialTypes(credentialTypes, supportedNodes),
		loader,
	};
}

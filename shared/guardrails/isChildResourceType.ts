/** Child types (`accounts/deployments`) carry no tags or location of their own. */
export const isChildResourceType = (type: string): boolean => type.split("/").length > 2;

import bcrypt from 'bcryptjs';

export class PasswordHasher {
  /** A real hash to compare against when the username is unknown, so both cases take the same time. */
  private readonly decoy: string;

  constructor(private readonly cost: number) {
    this.decoy = bcrypt.hashSync('decoy-password-for-unknown-users', cost);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string | null): Promise<boolean> {
    return bcrypt.compare(password, hash ?? this.decoy).then((match) => match && hash !== null);
  }
}

from tensorflow.keras.models import Sequential

model = Sequential()
# TODO: add a SimpleRNN layer that reads 3 words of 2 features each
# and returns one vector of size 4 for the whole sentence.

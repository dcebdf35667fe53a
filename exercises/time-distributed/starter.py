from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))  # TODO: one output per word, please
# TODO: classify every word's output into 4 entity classes
